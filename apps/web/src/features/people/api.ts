import type { ImportReport, Person } from '@lecture-hall/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { type RosterFilters, rosterQuery } from './query';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const peopleKeys = {
  all: ['people'] as const,
  list: (filters: RosterFilters, page: number, pageSize: number) => ['people', 'list', filters, page, pageSize] as const,
  search: (q: string) => ['people', 'search', q] as const,
};

export function usePeople(filters: RosterFilters, page: number, pageSize: number) {
  return useQuery({
    queryKey: peopleKeys.list(filters, page, pageSize),
    queryFn: ({ signal }) => api.get<Page<Person>>('/api/people', rosterQuery(filters, { page, pageSize }), signal),
    placeholderData: keepPreviousData,
  });
}

function useInvalidatePeople() {
  const qc = useQueryClient();
  // Unit people counts change with the roster.
  return () => Promise.all([qc.invalidateQueries({ queryKey: peopleKeys.all }), qc.invalidateQueries({ queryKey: ['org-units'] })]);
}

export function useSavePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Record<string, unknown> }) =>
      id ? api.patch<Person>(`/api/people/${encodeURIComponent(id)}`, body) : api.post<Person>('/api/people', body),
    onSuccess: invalidate,
  });
}

export function useImportRoster() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<ImportReport>('/api/people/import', form, { dryRun });
    },
    meta: { silent: true }, // the import dialog shows every outcome itself
    onSuccess: (report) => {
      if (report.imported) return invalidate();
    },
  });
}

export const exportRoster = (filters: RosterFilters) => api.download('/api/people/export', rosterQuery(filters), '干部名册.xlsx');
export const downloadTemplate = () => api.download('/api/people/import-template', undefined, '花名册模板.xlsx');
