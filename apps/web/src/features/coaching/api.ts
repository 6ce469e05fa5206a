import type { CoachingFeedback, CoachingGrid, CoachingSession, TalkCoaching } from '@lecture-hall/shared';
import type { CoachingDimension } from '@lecture-hall/shared/domain/programme';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const coachingKeys = {
  all: ['coaching'] as const,
  sessions: (editionId: string) => ['coaching', 'sessions', editionId] as const,
  talk: (talkId: string) => ['coaching', 'talk', talkId] as const,
  grid: (editionId: string) => ['coaching', 'grid', editionId] as const,
};

const editionPath = (id: string) => `/api/editions/${encodeURIComponent(id)}`;

export function useCoachingSessions(editionId: string | undefined, silent = false) {
  return useQuery({
    queryKey: coachingKeys.sessions(editionId ?? ''),
    queryFn: ({ signal }) =>
      api
        .get<{ items: CoachingSession[] }>(`${editionPath(editionId ?? '')}/coaching-sessions`, undefined, signal)
        .then((r) => [...r.items].sort((a, b) => `${a.date} ${a.startTime}`.localeCompare(`${b.date} ${b.startTime}`))),
    enabled: !!editionId,
    meta: { silent },
  });
}

export interface SessionBody {
  date: string;
  startTime: string;
  place: string;
  notes: string;
  expertUserIds: string[];
  talkIds: string[];
}

export function useSaveSession(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: SessionBody }) =>
      id
        ? api.patch<CoachingSession>(`/api/coaching-sessions/${encodeURIComponent(id)}`, body)
        : api.post<CoachingSession>(`${editionPath(editionId)}/coaching-sessions`, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: coachingKeys.all }), qc.invalidateQueries({ queryKey: ['notifications'] })]),
  });
}

export interface FeedbackBody {
  scores: Record<CoachingDimension, number>;
  notes: Record<CoachingDimension, string>;
  overall: string;
}

export function useRecordFeedback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ sessionId, talkId, body }: { sessionId: string; talkId: string; body: FeedbackBody }) =>
      api.put<CoachingFeedback>(`/api/coaching-sessions/${encodeURIComponent(sessionId)}/feedback/${encodeURIComponent(talkId)}`, body),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: coachingKeys.all }), qc.invalidateQueries({ queryKey: ['notifications'] })]),
  });
}

/** A speaker's coaching record: every session's feedback and the trend per dimension. */
export function useTalkCoaching(talkId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: coachingKeys.talk(talkId ?? ''),
    queryFn: ({ signal }) => api.get<TalkCoaching>(`/api/talks/${encodeURIComponent(talkId ?? '')}/coaching`, undefined, signal),
    enabled: !!talkId && enabled,
  });
}

export function useCoachingGrid(editionId: string, enabled: boolean) {
  return useQuery({
    queryKey: coachingKeys.grid(editionId),
    queryFn: ({ signal }) => api.get<CoachingGrid>(`${editionPath(editionId)}/coaching-grid`, undefined, signal),
    enabled,
  });
}
