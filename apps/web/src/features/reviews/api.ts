import type { Readiness, Review, ReviewAssignment, SubmitReviewBody } from '@lecture-hall/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** One row of an expert's work list (the shared schema exports no type for it). */
export type ReviewAssignmentItem = ReturnType<typeof ReviewAssignment.parse>;

export const reviewKeys = {
  all: ['reviews'] as const,
  talk: (talkId: string) => ['reviews', 'talk', talkId] as const,
  mine: ['reviews', 'assigned'] as const,
  readiness: (editionId: string) => ['reviews', 'readiness', editionId] as const,
};

/** Every review round of a talk, oldest first, each with its comments. */
export function useReviews(talkId: string | undefined) {
  return useQuery({
    queryKey: reviewKeys.talk(talkId ?? ''),
    queryFn: ({ signal }) =>
      api
        .get<{ items: Review[] }>(`/api/talks/${encodeURIComponent(talkId ?? '')}/reviews`, undefined, signal)
        .then((r) => [...r.items].sort((a, b) => a.version - b.version || a.createdAt.localeCompare(b.createdAt))),
    enabled: !!talkId,
  });
}

/** Submits a review of a version; 409 review_stale when a newer version arrived meanwhile (the panel shows it). */
export function useSubmitReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ versionId, body }: { versionId: string; body: SubmitReviewBody }) =>
      api.post<Review>(`/api/deck-versions/${encodeURIComponent(versionId)}/reviews`, body),
    meta: { silent: true },
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: reviewKeys.all }),
        qc.invalidateQueries({ queryKey: ['decks'] }),
        qc.invalidateQueries({ queryKey: ['notifications'] }),
      ]),
  });
}

export function useMyReviewAssignments() {
  return useQuery({
    queryKey: reviewKeys.mine,
    queryFn: ({ signal }) => api.get<{ items: ReviewAssignmentItem[] }>('/api/reviews/assigned', undefined, signal).then((r) => r.items),
    staleTime: 0,
  });
}

export function useReadiness(editionId: string, enabled: boolean) {
  return useQuery({
    queryKey: reviewKeys.readiness(editionId),
    queryFn: ({ signal }) =>
      api.get<Readiness>(`/api/editions/${encodeURIComponent(editionId)}/readiness`, undefined, signal).then((r) => ({
        ...r,
        talks: [...r.talks].sort((a, b) => a.order - b.order),
      })),
    enabled,
    meta: { silent: true },
  });
}

export function useOverrideReadiness(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<Readiness>(`/api/editions/${encodeURIComponent(editionId)}/readiness-override`, { reason }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: reviewKeys.readiness(editionId) }), qc.invalidateQueries({ queryKey: ['editions'] })]),
  });
}
