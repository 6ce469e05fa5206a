import type { Selectable } from 'kysely';
import type { Db } from '../../db';
import type { AttendeeTable } from '../../db/schema';

export type AttendeeRow = Selectable<AttendeeTable>;

export const attendeeAuthRepository = {
  findByTokenHash(db: Db, tokenHash: string): Promise<AttendeeRow | undefined> {
    return db.selectFrom('attendees').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },
};
