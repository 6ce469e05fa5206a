import type { Commentary, Hall, HallInput, Stage } from '@lecture-hall/shared';
import type { Rubric } from '@lecture-hall/shared/domain/programme';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const hallKeys = {
  all: ['halls'] as const,
  list: ['halls', 'list'] as const,
  one: (id: string) => ['halls', 'one', id] as const,
  stages: (hallId: string) => ['halls', 'stages', hallId] as const,
};
export const commentaryKeys = {
  all: ['commentaries'] as const,
  list: (hallId: string, editionId: string | null) => ['commentaries', hallId, editionId ?? 'all'] as const,
};

const hallPath = (id: string) => `/api/halls/${encodeURIComponent(id)}`;

export function useHalls() {
  return useQuery({
    queryKey: hallKeys.list,
    queryFn: ({ signal }) => api.get<{ items: Hall[] }>('/api/halls', undefined, signal).then((r) => r.items),
  });
}

export function useHall(id: string | undefined) {
  return useQuery({
    queryKey: hallKeys.one(id ?? ''),
    queryFn: ({ signal }) => api.get<Hall>(hallPath(id ?? ''), undefined, signal),
    enabled: !!id,
    meta: { silent: true }, // the hall page shows the error itself; the edition page can do without the hall
  });
}

/** The body of createHall / updateHall; the owning unit cannot change after creation. */
export type HallBody = Omit<HallInput, 'defaultRubric'> & { defaultRubric: Rubric };

export function useSaveHall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: HallBody }) => {
      if (!id) return api.post<Hall>('/api/halls', body);
      const { unitId: _unit, ...patch } = body;
      return api.patch<Hall>(hallPath(id), patch);
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: hallKeys.all }),
  });
}

export function useStages(hallId: string | undefined) {
  return useQuery({
    queryKey: hallKeys.stages(hallId ?? ''),
    queryFn: ({ signal }) =>
      api.get<{ items: Stage[] }>(`${hallPath(hallId ?? '')}/stages`, undefined, signal).then((r) => [...r.items].sort((a, b) => a.sortOrder - b.sortOrder)),
    enabled: !!hallId,
  });
}

export interface StageBody {
  title: string;
  themeFocus: string;
  periodStart: string | null;
  periodEnd: string | null;
  description: string;
  sortOrder?: number;
}

export function useSaveStage(hallId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: StageBody }) =>
      id ? api.patch<Stage>(`/api/stages/${encodeURIComponent(id)}`, body) : api.post<Stage>(`${hallPath(hallId)}/stages`, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: hallKeys.stages(hallId) }), qc.invalidateQueries({ queryKey: ['editions'] })]),
  });
}

export function useDeleteStage(hallId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del<unknown>(`/api/stages/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: hallKeys.stages(hallId) }),
  });
}

/** A hall's commentary; with an edition id, only that edition's. */
export function useCommentaries(hallId: string | undefined, editionId: string | null) {
  return useQuery({
    queryKey: commentaryKeys.list(hallId ?? '', editionId),
    queryFn: ({ signal }) =>
      api.get<{ items: Commentary[] }>(`${hallPath(hallId ?? '')}/commentaries`, { editionId: editionId ?? undefined }, signal).then((r) => r.items),
    enabled: !!hallId,
  });
}

export interface CommentaryBody {
  editionId: string | null;
  author: string;
  authorTitle: string;
  title: string;
  text: string;
}

export function useCreateCommentary(hallId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CommentaryBody) => api.post<Commentary>(`${hallPath(hallId)}/commentaries`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentaryKeys.all }),
  });
}

export function useDeleteCommentary() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.del<unknown>(`/api/commentaries/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentaryKeys.all }),
  });
}
