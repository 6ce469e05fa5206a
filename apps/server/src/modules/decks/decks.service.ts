import type { Readable } from 'node:stream';
import type { DeckKind, DeckVersion, EditionStatus } from '@lecture-hall/shared';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type BlobStore, removeQuietly, tempPath } from '../../storage';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import type { NotificationsService } from '../notifications/notifications.service';
import { ConversionWorker, DEFAULT_CONVERSION, findSoffice, NO_SOFFICE_MESSAGE } from './conversion';
import { DECK_MIME, detectDeck } from './deck-file';
import type { ReceivedDeck } from './deck-upload';
import { type DeckVersionViewRow, decksRepository } from './decks.repository';
import { previewFilename, sanitizeDeckFilename } from './file-name';
import { talkAccess } from './talk-access';
import { talkAccessRepository } from './talk-access.repository';

/** Decks may be uploaded while speakers are being found and prepare; from 'ready' on they are frozen. */
export const DECK_UPLOAD_STATUSES: readonly EditionStatus[] = ['recruiting', 'preparing'];

/** A file to send: its bytes as a stream and what the response headers need. */
export interface DeckDownload {
  stream: Readable;
  filename: string;
  /** An ASCII name for clients that cannot read filename*. */
  asciiFilename: string;
  size: number;
  mime: string;
}

export function toDeckVersion(r: DeckVersionViewRow): DeckVersion {
  return {
    id: r.id,
    talkId: r.talk_id,
    version: Number(r.version),
    kind: r.kind as DeckKind,
    filename: r.filename,
    size: Number(r.size),
    sha256: r.sha256,
    pageCount: r.page_count === null ? null : Number(r.page_count),
    conversion: {
      status: r.conversion_status as DeckVersion['conversion']['status'],
      progress: Number(r.conversion_progress),
      message: r.conversion_message,
    },
    uploadedBy: r.uploader_name,
    createdAt: r.created_at,
  };
}

/** The unit a materialised path ends with ("/a/b/c/" → "c"). */
function unitOf(path: string): { id: string; path: string } {
  const ids = path.split('/').filter(Boolean);
  return { id: ids[ids.length - 1]!, path };
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const ASCII_NAME = /^[\x20-\x7e]+$/;

/**
 * Courseware files: a speaker's deck versions, their storage, download and PDF preview, and
 * the background conversion of PPTX decks. Who may do what is decided by talkAccess (the
 * speaker, the experts assigned to the talk, the hall's managers); uploading is for the speaker
 * and the hall's managers only.
 */
export class DecksService {
  private soffice: string | null | undefined;
  private worker: ConversionWorker | null = null;

  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly notifications: NotificationsService,
    readonly storage: BlobStore,
  ) {}

  /** LibreOffice's soffice, looked for once: SOFFICE_PATH, else soffice/libreoffice on PATH. */
  sofficeBinary(): string | null {
    if (this.soffice === undefined) this.soffice = findSoffice(this.config.sofficePath, this.config.searchPath);
    return this.soffice;
  }

  /** Starts background work (PPTX conversion) once the app is ready; an instance without soffice converts nothing. */
  start(): void {
    const soffice = this.sofficeBinary();
    if (!soffice || this.worker) return;
    this.worker = new ConversionWorker(this.db, this.config, this.clock, this.storage, soffice, DEFAULT_CONVERSION);
    this.worker.start();
  }

  /** Stops background work, waiting for a job in flight, when the app closes. */
  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.stop();
  }

  // ── for other modules (reviews builds its Deck view from these; callers check access) ──────

  /** Every version of a talk's deck, newest first. */
  async versionsOf(talkId: string, db: Db = this.db): Promise<DeckVersion[]> {
    return (await decksRepository.listViews(db, [talkId])).map(toDeckVersion);
  }

  /** Versions of several talks at once (an edition's decks), newest first; talks without a deck map to []. */
  async versionsOfTalks(talkIds: readonly string[], db: Db = this.db): Promise<Map<string, DeckVersion[]>> {
    const out = new Map<string, DeckVersion[]>(talkIds.map((id) => [id, []]));
    for (const r of await decksRepository.listViews(db, [...new Set(talkIds)])) out.get(r.talk_id)?.push(toDeckVersion(r));
    return out;
  }

  // ── operations ──────────────────────────────────────────────────────────────────────────

  async list(ctx: RequestContext, talkId: string): Promise<{ items: DeckVersion[] }> {
    await talkAccess(this.db, ctx, talkId);
    return { items: await this.versionsOf(talkId) };
  }

  /**
   * Uploads a new version of a talk's deck. Side effects, in one transaction: the version row
   * (number = previous + 1), an audit entry 'deck.uploaded', and a 'deck.uploaded' notification
   * to the experts assigned to the talk and the hall's managers (and to the speaker when a
   * manager uploads for it), never to the uploader itself. The bytes are stored first (content
   * addressed, so a failed transaction leaves at most an unreferenced blob, never a version
   * without its file). A PPTX is queued for conversion to a PDF preview when soffice exists.
   *
   * `receive` streams the request's file to the given work path; it is called only after the
   * permission check, so a refused caller's upload is never read.
   */
  async upload(ctx: RequestContext, talkId: string, receive: (dest: string, limitBytes: number) => Promise<ReceivedDeck>): Promise<DeckVersion> {
    const access = await talkAccess(this.db, ctx, talkId);
    if (!access.isSpeaker && !access.managesHall) throw forbidden();
    const status = access.talk.edition_status as EditionStatus;
    if (!DECK_UPLOAD_STATUSES.includes(status)) throw conflict('talk_locked', { status });

    const work = await tempPath(this.config, '.upload');
    try {
      const received = await receive(work, this.config.deckMaxUploadBytes);
      if (received.size === 0) throw badRequest('deck_type_refused', { reason: '上传的文件是空的' });
      const detected = await detectDeck(work, received.size);
      const filename = sanitizeDeckFilename(received.filename, detected.kind);
      const stored = await this.storage.put({ path: work, sha256: received.sha256, size: received.size });
      const soffice = detected.kind === 'pptx' ? this.sofficeBinary() : null;
      const conversion =
        detected.kind === 'pdf'
          ? { conversion_status: 'not_needed', conversion_message: null }
          : soffice
            ? { conversion_status: 'queued', conversion_message: null }
            : { conversion_status: 'unavailable', conversion_message: NO_SOFFICE_MESSAGE };

      const id = newId();
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.db.transaction().execute(async (trx) => {
            await decksRepository.lockTalk(trx, talkId);
            // The edition may have become ready while the file was arriving.
            const talk = await talkAccessRepository.findTalkContext(trx, talkId);
            if (!talk) throw notFound({ talkId });
            if (!DECK_UPLOAD_STATUSES.includes(talk.edition_status as EditionStatus)) throw conflict('talk_locked', { status: talk.edition_status });
            const version = (await decksRepository.maxVersion(trx, talkId)) + 1;
            const nowIso = isoNow(this.clock);
            const after = { talkId, version, kind: detected.kind, filename, size: stored.size, sha256: stored.sha256 };
            await decksRepository.insert(trx, {
              id,
              talk_id: talkId,
              version,
              kind: detected.kind,
              filename,
              size: stored.size,
              sha256: stored.sha256,
              page_count: detected.pageCount,
              preview_sha256: null,
              ...conversion,
              conversion_progress: 0,
              uploaded_by: access.actor.userId,
              created_at: nowIso,
              updated_at: nowIso,
            });
            const unit = unitOf(talk.hall_unit_path);
            await this.audit.record(trx, ctx, { action: 'deck.uploaded', entityType: 'deck_version', entityId: id, orgUnit: unit, after });

            const experts = await talkAccessRepository.assignedExpertIds(trx, talkId);
            const managers = await this.notifications.hallManagers(trx, unit);
            const speaker = access.isSpeaker ? [] : await this.notifications.usersOfPerson(trx, talk.person_id);
            const recipients = [...experts, ...managers, ...speaker].filter((u) => u !== access.actor.userId);
            await this.notifications.notify(trx, recipients, {
              kind: 'deck.uploaded',
              title: `${talk.speaker_name}上传了课件第 ${version} 版`,
              body: `第${talk.edition_seq}期「${talk.edition_title}」· ${talk.speaker_name}《${talk.talk_title}》上传了课件「${filename}」（第 ${version} 版），请及时查看审核。`,
              link: `/editions/${talk.edition_id}?tab=decks&talk=${talkId}`,
              entityType: 'deck_version',
              entityId: id,
            });
          });
          break;
        } catch (err) {
          // Belt and braces for the version number: should two uploads still meet, the later one takes the next number.
          if (attempt < 5 && isUniqueViolation(err)) continue;
          throw err;
        }
      }
      const row = await decksRepository.findView(this.db, id);
      // Read before the worker is woken, so that the answer shows the version as it was committed.
      if (conversion.conversion_status === 'queued') this.worker?.poke();
      return toDeckVersion(row!);
    } finally {
      await removeQuietly(work);
    }
  }

  /** The original file as uploaded. */
  async download(ctx: RequestContext, versionId: string): Promise<DeckDownload> {
    const v = await this.accessibleVersion(ctx, versionId);
    return this.file(v.sha256, v.filename, `deck-v${v.version}.${v.kind}`, Number(v.size), DECK_MIME[v.kind as DeckKind]);
  }

  /** A PDF to show in the browser: the PDF itself, or the converted preview of a PPTX; 409 preview_unavailable until there is one. */
  async preview(ctx: RequestContext, versionId: string): Promise<DeckDownload> {
    const v = await this.accessibleVersion(ctx, versionId);
    if (v.kind === 'pdf') return this.file(v.sha256, v.filename, `deck-v${v.version}.pdf`, Number(v.size), DECK_MIME.pdf);
    if (v.preview_sha256) {
      const size = await this.storage.size(v.preview_sha256);
      if (size !== null) return this.file(v.preview_sha256, previewFilename(v.filename), `deck-v${v.version}.pdf`, size, DECK_MIME.pdf);
    }
    throw new AppError(409, 'preview_unavailable', { status: v.conversion_status, message: v.conversion_message });
  }

  private async accessibleVersion(ctx: RequestContext, versionId: string): Promise<DeckVersionViewRow> {
    // Signed in first: an anonymous caller learns nothing, not even whether the version exists.
    requireActor(ctx);
    const v = await decksRepository.findView(this.db, versionId);
    if (!v) throw notFound({ deckVersionId: versionId });
    await talkAccess(this.db, ctx, v.talk_id);
    return v;
  }

  private async file(sha256: string, filename: string, asciiFallback: string, size: number, mime: string): Promise<DeckDownload> {
    const stream = await this.storage.open(sha256);
    return { stream, filename, asciiFilename: ASCII_NAME.test(filename) ? filename : asciiFallback, size, mime };
  }
}
