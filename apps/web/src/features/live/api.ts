import type {
  Attendance,
  AttendeeList,
  BallotAck,
  BallotBody,
  HallAttendance,
  HostQuestion,
  LiveCommand,
  LiveExperts,
  LiveSnapshot,
  ModerateBody,
} from '@lecture-hall/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type AttendeeRow = ReturnType<typeof AttendeeList.parse>['items'][number];
export type HallAttendanceData = ReturnType<typeof HallAttendance.parse>;
export type LiveExpertList = ReturnType<typeof LiveExperts.parse>['items'];
export type ModerateAction = ReturnType<typeof ModerateBody.parse>;

const editionPath = (id: string) => `/api/editions/${encodeURIComponent(id)}`;

export const liveKeys = {
  all: ['live'] as const,
  console: (id: string) => ['live', 'console', id] as const,
  questions: (id: string) => ['live', 'questions', id] as const,
  flagged: (id: string) => ['live', 'attendees', id, 'flagged'] as const,
  experts: (id: string) => ['live', 'experts', id] as const,
  attendance: (id: string) => ['live', 'attendance', id] as const,
  hallAttendance: (id: string) => ['live', 'hall-attendance', id] as const,
  publicState: (id: string) => ['live', 'public', id] as const,
};

/** The host's first paint; the socket keeps it current afterwards. */
export function useLiveConsole(editionId: string | undefined) {
  return useQuery({
    queryKey: liveKeys.console(editionId ?? ''),
    queryFn: ({ signal }) => api.get<LiveSnapshot>(`${editionPath(editionId ?? '')}/live`, undefined, signal),
    enabled: !!editionId,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The public snapshot, as a phone sees it (the expert page reads the window and the rubric from it). */
export function usePublicLiveState(editionId: string | undefined) {
  return useQuery({
    queryKey: liveKeys.publicState(editionId ?? ''),
    queryFn: ({ signal }) => api.get<LiveSnapshot>(`/api/live/${encodeURIComponent(editionId ?? '')}`, undefined, signal),
    enabled: !!editionId,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** One host command; the answer is the new snapshot. A refusal (409 live_command_refused) carries details.reasons. */
export function useLiveCommand(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (command: LiveCommand) => api.post<LiveSnapshot>(`${editionPath(editionId)}/live/commands`, command),
    meta: { silent: true }, // the console shows a refusal with its reasons
    onSuccess: (snapshot) => qc.setQueryData(liveKeys.console(editionId), snapshot),
  });
}

export function useLiveQuestions(editionId: string, enabled = true) {
  return useQuery({
    queryKey: liveKeys.questions(editionId),
    queryFn: ({ signal }) => api.get<{ items: HostQuestion[] }>(`${editionPath(editionId)}/live/questions`, undefined, signal).then((r) => r.items),
    enabled,
  });
}

export function useModerateQuestion(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ModerateAction }) => api.post<HostQuestion>(`/api/questions/${encodeURIComponent(id)}/moderate`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: liveKeys.questions(editionId) }),
  });
}

/** Second devices for one roster person, flagged for the host; polled, as no push carries them. */
export function useFlaggedAttendees(editionId: string, enabled = true) {
  return useQuery({
    queryKey: liveKeys.flagged(editionId),
    queryFn: ({ signal }) => api.get<{ items: AttendeeRow[] }>(`${editionPath(editionId)}/live/attendees`, { flagged: true }, signal).then((r) => r.items),
    enabled,
    refetchInterval: 15_000,
    meta: { silent: true },
  });
}

export function useLiveExperts(editionId: string, enabled = true) {
  return useQuery({
    queryKey: liveKeys.experts(editionId),
    queryFn: ({ signal }) => api.get<{ items: LiveExpertList }>(`${editionPath(editionId)}/live/experts`, undefined, signal).then((r) => r.items),
    enabled,
    meta: { silent: true },
  });
}

export function useAppointLiveExperts(editionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (expertUserIds: string[]) => api.put<{ items: LiveExpertList }>(`${editionPath(editionId)}/live/experts`, { expertUserIds }),
    onSuccess: () => qc.invalidateQueries({ queryKey: liveKeys.experts(editionId) }),
  });
}

export function useSubmitExpertBallot(editionId: string) {
  return useMutation({
    mutationFn: (body: BallotBody) => api.post<BallotAck>(`${editionPath(editionId)}/live/expert-ballots`, body),
    meta: { silent: true }, // the page shows the refusal next to the form
  });
}

export function useAttendance(editionId: string, enabled = true) {
  return useQuery({
    queryKey: liveKeys.attendance(editionId),
    queryFn: ({ signal }) => api.get<Attendance>(`${editionPath(editionId)}/attendance`, undefined, signal),
    enabled,
    meta: { silent: true },
  });
}

export function useHallAttendance(hallId: string, enabled = true) {
  return useQuery({
    queryKey: liveKeys.hallAttendance(hallId),
    queryFn: ({ signal }) => api.get<HallAttendanceData>(`/api/halls/${encodeURIComponent(hallId)}/attendance`, undefined, signal),
    enabled,
    meta: { silent: true },
  });
}

export function exportAttendance(editionId: string): Promise<string> {
  return api.download(`${editionPath(editionId)}/attendance/export`, undefined, `attendance-${editionId}.xlsx`);
}
