import type { EditionResults, HallTrend, MyResultList, PaperImportList, PaperImportResult, VerifyResults } from '@lecture-hall/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type VerifyAnswer = ReturnType<typeof VerifyResults.parse>;
export type HallTrendData = ReturnType<typeof HallTrend.parse>;
export type MyResults = ReturnType<typeof MyResultList.parse>;
export type PaperImports = ReturnType<typeof PaperImportList.parse>['items'];
export type PaperImportAnswer = ReturnType<typeof PaperImportResult.parse>;

const editionPath = (id: string) => `/api/editions/${encodeURIComponent(id)}`;

export const resultsKeys = {
  all: ['results'] as const,
  edition: (id: string) => ['results', 'edition', id] as const,
  verify: (id: string) => ['results', 'verify', id] as const,
  mine: ['results', 'mine'] as const,
  trend: (hallId: string) => ['results', 'trend', hallId] as const,
  paperImports: (id: string) => ['results', 'paper', id] as const,
};

/** The edition's results: the frozen ones once published, else the draft (managers only). The page explains 404/409 itself. */
export function useEditionResults(editionId: string | undefined) {
  return useQuery({
    queryKey: resultsKeys.edition(editionId ?? ''),
    queryFn: ({ signal }) => api.get<EditionResults>(`${editionPath(editionId ?? '')}/results`, undefined, signal),
    enabled: !!editionId,
    meta: { silent: true },
  });
}

/** Publishes (freezes) the results; the edition becomes 'published', so editions are refetched too. */
export function usePublishResults(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<EditionResults>(`${editionPath(editionId)}/results/publish`),
    onSuccess: (results) => {
      qc.setQueryData(resultsKeys.edition(editionId), results);
      return Promise.all([qc.invalidateQueries({ queryKey: ['editions'] }), qc.invalidateQueries({ queryKey: resultsKeys.all })]);
    },
  });
}

/** Recomputes from today's data and compares with the frozen results; run on demand, never cached. */
export function useVerifyResults(editionId: string) {
  return useMutation({
    mutationFn: () => api.get<VerifyAnswer>(`${editionPath(editionId)}/results/verify`),
  });
}

export function useMyResults() {
  return useQuery({
    queryKey: resultsKeys.mine,
    queryFn: ({ signal }) => api.get<MyResults>('/api/my/results', undefined, signal).then((r) => r.items),
  });
}

/** A hall's trend over its published editions; a 403 means the card is not for this user (the caller hides it). */
export function useHallTrend(hallId: string | undefined) {
  return useQuery({
    queryKey: resultsKeys.trend(hallId ?? ''),
    queryFn: ({ signal }) => api.get<HallTrendData>(`/api/halls/${encodeURIComponent(hallId ?? '')}/results-trend`, undefined, signal).then((r) => r.items),
    enabled: !!hallId,
    meta: { silent: true },
  });
}

export function usePaperImports(editionId: string, enabled = true) {
  return useQuery({
    queryKey: resultsKeys.paperImports(editionId),
    queryFn: ({ signal }) => api.get<{ items: PaperImports }>(`${editionPath(editionId)}/paper-ballots`, undefined, signal).then((r) => r.items),
    enabled,
    meta: { silent: true },
  });
}

/** Uploads a filled paper score sheet (.xlsx, field `file`); a 422 carries the problems per sheet and row. */
export function useImportPaperSheet(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<PaperImportAnswer>(`${editionPath(editionId)}/paper-ballots`, form);
    },
    meta: { silent: true }, // the panel lists the problems
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: resultsKeys.paperImports(editionId) }),
        qc.invalidateQueries({ queryKey: resultsKeys.edition(editionId) }),
      ]),
  });
}

export type ResultsExport = 'xlsx' | 'pdf' | 'csv' | 'paperSheet';

const EXPORTS: Record<ResultsExport, { path: string; name: string }> = {
  xlsx: { path: 'results/export.xlsx', name: 'results.xlsx' },
  pdf: { path: 'results/report.pdf', name: 'report.pdf' },
  csv: { path: 'results/ballots.csv', name: 'ballots.csv' },
  paperSheet: { path: 'paper-sheet.xlsx', name: 'paper-sheet.xlsx' },
};

/** Downloads an export; the server names the file (Content-Disposition), the fallback carries the edition id. */
export function downloadResults(editionId: string, kind: ResultsExport): Promise<string> {
  const e = EXPORTS[kind];
  return api.download(`${editionPath(editionId)}/${e.path}`, undefined, `${editionId}-${e.name}`);
}
