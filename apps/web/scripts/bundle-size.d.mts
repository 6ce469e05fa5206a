export interface BundleFile {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}
export interface AudienceBundle {
  name: 'audience-bundle';
  gzipBytes: number;
  rawBytes: number;
  budgetBytes: number;
  files: BundleFile[];
}
export const AUDIENCE_BUDGET_BYTES: number;
export const DEFAULT_DIST: string;
export function entryFiles(dist: string, entry?: string): string[];
export function audienceBundle(dist?: string): AudienceBundle | null;
