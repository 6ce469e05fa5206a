import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Clock } from '../../lib/clock';
import type { BlobStore } from '../../storage';
import type { AuditService } from '../audit/audit.service';
import type { NotificationsService } from '../notifications/notifications.service';

// PLACEHOLDER — being written now
export class DecksService {
  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly notifications: NotificationsService,
    readonly storage: BlobStore,
  ) {}
  /** Starts background work (PPTX conversion) once the app is ready. */
  start(): void {}
  /** Stops background work, waiting for a job in flight, when the app closes. */
  async stop(): Promise<void> {}
}
