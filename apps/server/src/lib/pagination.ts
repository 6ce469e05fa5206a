export interface PageRequest {
  page: number;
  pageSize: number;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
export function offsetOf(p: PageRequest): number {
  return (p.page - 1) * p.pageSize;
}
