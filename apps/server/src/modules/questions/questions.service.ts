import type { Config } from '../../config';
import type { Db } from '../../db';
import type { Clock } from '../../lib/clock';
import type { RealtimeHub } from '../../realtime';
import type { AuditService } from '../audit/audit.service';

// PLACEHOLDER — being written now
export class QuestionsService {
  constructor(
    readonly db: Db,
    readonly config: Config,
    readonly clock: Clock,
    readonly audit: AuditService,
    readonly realtime: RealtimeHub,
  ) {}
}
