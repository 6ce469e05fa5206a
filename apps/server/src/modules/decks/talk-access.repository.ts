import type { Db } from '../../db';

export interface TalkContextRow {
  talk_id: string;
  talk_title: string;
  talk_position: number;
  person_id: string;
  speaker_name: string;
  edition_id: string;
  edition_seq: number;
  edition_title: string;
  edition_status: string;
  edition_date: string;
  hall_id: string;
  hall_name: string;
  hall_unit_path: string;
}

/** A talk with its edition and hall: what every courseware and coaching permission is decided on. */
export const talkAccessRepository = {
  findTalkContext(db: Db, talkId: string): Promise<TalkContextRow | undefined> {
    return db
      .selectFrom('talks as t')
      .innerJoin('people as p', 'p.id', 't.person_id')
      .innerJoin('editions as e', 'e.id', 't.edition_id')
      .innerJoin('halls as h', 'h.id', 'e.hall_id')
      .innerJoin('org_units as u', 'u.id', 'h.unit_id')
      .select([
        't.id as talk_id',
        't.title as talk_title',
        't.position as talk_position',
        't.person_id',
        'p.name as speaker_name',
        'e.id as edition_id',
        'e.seq as edition_seq',
        'e.title as edition_title',
        'e.status as edition_status',
        'e.date as edition_date',
        'h.id as hall_id',
        'h.name as hall_name',
        'u.path as hall_unit_path',
      ])
      .where('t.id', '=', talkId)
      .executeTakeFirst();
  },
  async assignedExpertIds(db: Db, talkId: string): Promise<string[]> {
    const rows = await db.selectFrom('expert_assignments').select('expert_user_id').where('talk_id', '=', talkId).orderBy('created_at').execute();
    return rows.map((r) => r.expert_user_id);
  },
};
