import type { Config } from './config';
import type { Db } from './db';
import type { Clock } from './lib/clock';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { BallotsService } from './modules/ballots/ballots.service';
import { CoachingService } from './modules/coaching/coaching.service';
import { DecksService } from './modules/decks/decks.service';
import { EditionsService } from './modules/halls/editions.service';
import { HallsService } from './modules/halls/halls.service';
import { LiveService } from './modules/live/live.service';
import { NominationsService } from './modules/nominations/nominations.service';
import { NotificationsService } from './modules/notifications/notifications.service';
import { OrgService } from './modules/org/org.service';
import { PeopleService } from './modules/org/people.service';
import { QuestionsService } from './modules/questions/questions.service';
import { ResultsService } from './modules/results/results.service';
import { ResultsFilesService } from './modules/results/results-files.service';
import { ReviewsService } from './modules/reviews/reviews.service';
import { UsersService } from './modules/users/users.service';
import { createRealtimeHub } from './realtime';
import { createBlobStore } from './storage';

/** Every domain service, built once per app from the same database, config and clock. */
export function createServices(db: Db, config: Config, clock: Clock) {
  const audit = new AuditService(db, clock);
  const realtime = createRealtimeHub(config);
  const notifications = new NotificationsService(db, config, clock, audit, realtime);
  const storage = createBlobStore(db, config);
  const results = new ResultsService(db, config, clock, audit);
  return {
    audit,
    auth: new AuthService(db, config, clock, audit, realtime),
    org: new OrgService(db, clock, audit),
    people: new PeopleService(db, config, clock, audit),
    users: new UsersService(db, config, clock, audit, realtime),
    halls: new HallsService(db, config, clock, audit),
    editions: new EditionsService(db, config, clock, audit, realtime),
    nominations: new NominationsService(db, config, clock, audit, notifications),
    notifications,
    storage,
    decks: new DecksService(db, config, clock, audit, notifications, storage),
    reviews: new ReviewsService(db, config, clock, audit, notifications),
    coaching: new CoachingService(db, config, clock, audit, notifications),
    realtime,
    live: new LiveService(db, config, clock, audit, realtime),
    ballots: new BallotsService(db, config, clock, audit, realtime),
    questions: new QuestionsService(db, config, clock, audit, realtime),
    results,
    resultsFiles: new ResultsFilesService(db, config, clock, audit, results),
  };
}
export type Services = ReturnType<typeof createServices>;
