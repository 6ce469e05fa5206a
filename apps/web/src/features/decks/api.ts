import type { Deck, DeckVersion } from '@lecture-hall/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const deckKeys = {
  all: ['decks'] as const,
  one: (talkId: string) => ['decks', 'talk', talkId] as const,
  edition: (editionId: string) => ['decks', 'edition', editionId] as const,
  preview: (versionId: string) => ['decks', 'preview', versionId] as const,
};

const talkPath = (id: string) => `/api/talks/${encodeURIComponent(id)}`;
export const versionPath = (id: string) => `/api/deck-versions/${encodeURIComponent(id)}`;

/** Whether a version is still being turned into a PDF, so the page should keep asking. */
export const isConverting = (v: Pick<DeckVersion, 'conversion'>) => v.conversion.status === 'queued' || v.conversion.status === 'running';

/** A talk's deck with all its versions; polled every 2 s while the latest PPTX converts. */
export function useDeck(talkId: string | undefined) {
  return useQuery({
    queryKey: deckKeys.one(talkId ?? ''),
    queryFn: ({ signal }) => api.get<Deck>(`${talkPath(talkId ?? '')}/deck`, undefined, signal),
    enabled: !!talkId,
    refetchInterval: (q) => (q.state.data?.versions.some(isConverting) ? 2000 : false),
  });
}

/** The decks of an edition the caller may see: all for a manager, its assigned talks for an expert, its own for a speaker. */
export function useEditionDecks(editionId: string | undefined, silent = false) {
  return useQuery({
    queryKey: deckKeys.edition(editionId ?? ''),
    queryFn: ({ signal }) =>
      api
        .get<{ items: Deck[] }>(`/api/editions/${encodeURIComponent(editionId ?? '')}/decks`, undefined, signal)
        .then((r) => [...r.items].sort((a, b) => a.order - b.order)),
    enabled: !!editionId,
    meta: { silent },
  });
}

/** The PDF to show for a version (the upload itself, or a PPTX's converted preview). Errors are shown by the viewer. */
export function usePreview(versionId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: deckKeys.preview(versionId ?? ''),
    queryFn: ({ signal }) => api.blob(`${versionPath(versionId ?? '')}/preview`, signal),
    enabled: !!versionId && enabled,
    staleTime: Number.POSITIVE_INFINITY, // a version never changes
    gcTime: 5 * 60_000,
    retry: false,
    meta: { silent: true },
  });
}

export function downloadVersion(v: Pick<DeckVersion, 'id' | 'filename'>) {
  return api.download(`${versionPath(v.id)}/file`, undefined, v.filename);
}

function useInvalidateDecks() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: deckKeys.all }),
      qc.invalidateQueries({ queryKey: ['reviews'] }),
      qc.invalidateQueries({ queryKey: ['notifications'] }),
    ]);
}

/** Uploads a new version; the caller shows progress and the server's refusal (too large, not a PDF/PPTX, locked). */
export function useUploadDeck(talkId: string) {
  const invalidate = useInvalidateDecks();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (percent: number) => void }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.uploadWithProgress<DeckVersion>(`${talkPath(talkId)}/deck/versions`, form, onProgress);
    },
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useAssignExperts(talkId: string) {
  const invalidate = useInvalidateDecks();
  return useMutation({
    mutationFn: (expertUserIds: string[]) => api.put<Deck>(`${talkPath(talkId)}/experts`, { expertUserIds }),
    onSuccess: invalidate,
  });
}

/** The experts a manager may assign in an edition's hall. */
export function useExperts(editionId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['experts', editionId ?? ''],
    queryFn: ({ signal }) => api.get<{ items: { userId: string; displayName: string }[] }>('/api/experts', { editionId }, signal).then((r) => r.items),
    enabled: !!editionId && enabled,
    staleTime: 5 * 60_000,
  });
}
