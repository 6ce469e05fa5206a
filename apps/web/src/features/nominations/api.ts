import type { Eligibility, Nomination, Person, Talk } from '@lecture-hall/shared';
import type { TalkAngle } from '@lecture-hall/shared/domain/programme';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../people/api';

export const nominationKeys = {
  all: ['nominations'] as const,
  edition: (editionId: string) => ['nominations', 'edition', editionId] as const,
  mine: ['nominations', 'mine'] as const,
  eligibility: (editionId: string, personId: string) => ['nominations', 'eligibility', editionId, personId] as const,
};

const editionPath = (id: string) => `/api/editions/${encodeURIComponent(id)}`;

/** Whether a person could be nominated now; asked as soon as someone is picked, and again on submit. */
export function useEligibility(editionId: string, personId: string | null | undefined) {
  return useQuery({
    queryKey: nominationKeys.eligibility(editionId, personId ?? ''),
    queryFn: ({ signal }) => api.get<Eligibility>(`${editionPath(editionId)}/eligibility`, { personId: personId ?? undefined }, signal),
    enabled: !!personId,
    staleTime: 0,
  });
}

export function fetchEligibility(editionId: string, personId: string) {
  return api.get<Eligibility>(`${editionPath(editionId)}/eligibility`, { personId });
}

/** People for the nomination pickers: within a unit's subtree, or (for a liaison) what the server lets it see. */
export function usePeoplePicker(q: string, unitId: string | undefined) {
  return useQuery({
    queryKey: ['people', 'picker', q, unitId ?? ''],
    queryFn: ({ signal }) => api.get<Page<Person>>('/api/people', { q, unitId, page: 1, pageSize: 20 }, signal).then((r) => r.items),
    staleTime: 30_000,
  });
}

export interface NominationBody {
  personId: string;
  statement: string;
  proposedTitle: string;
  proposedAbstract: string;
  angle: TalkAngle | null;
  overrideReason?: string;
}
export interface SelfNominationBody {
  statement: string;
  proposedTitle: string;
  proposedAbstract: string;
  angle: TalkAngle;
}

function useInvalidateNominations() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: nominationKeys.all }),
      qc.invalidateQueries({ queryKey: ['editions'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

/** The three channels. Errors are shown by the form itself (422 not_eligible carries the reasons). */
export function useNominate(editionId: string) {
  const invalidate = useInvalidateNominations();
  return useMutation({
    mutationFn: (
      v:
        | { channel: 'org_pick'; body: NominationBody }
        | { channel: 'unit_recommendation'; body: NominationBody }
        | { channel: 'self'; body: SelfNominationBody },
    ) => {
      const path = v.channel === 'org_pick' ? 'org-pick' : v.channel === 'unit_recommendation' ? 'recommend' : 'self';
      return api.post<Nomination>(`${editionPath(editionId)}/nominations/${path}`, v.body);
    },
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useCandidates(editionId: string, enabled: boolean) {
  return useQuery({
    queryKey: nominationKeys.edition(editionId),
    queryFn: ({ signal }) => api.get<{ items: Nomination[] }>(`${editionPath(editionId)}/nominations`, undefined, signal).then((r) => r.items),
    enabled,
  });
}

export function useMyNominations() {
  return useQuery({
    queryKey: nominationKeys.mine,
    queryFn: ({ signal }) => api.get<{ items: Nomination[] }>('/api/nominations/mine', undefined, signal).then((r) => r.items),
  });
}

export type DecisionAction = 'shortlist' | 'unshortlist' | 'withdraw' | 'override';

export function useDecideNomination() {
  const invalidate = useInvalidateNominations();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: DecisionAction; reason?: string }) =>
      api.post<Nomination>(`/api/nominations/${encodeURIComponent(id)}/decision`, { action, reason }),
    onSuccess: invalidate,
  });
}

export function useConfirmSelection(editionId: string) {
  const invalidate = useInvalidateNominations();
  return useMutation({
    mutationFn: (nominationIds: string[]) => api.put<{ items: Talk[] }>(`${editionPath(editionId)}/selection`, { nominationIds }),
    onSuccess: invalidate,
  });
}
