import type { Migration, MigrationProvider } from 'kysely';
import * as m20261130120000 from './20261130120000_foundation';
import * as m20261130140000 from './20261130140000_programme';
import * as m20261130160000 from './20261130160000_courseware';
import * as m20261130180000 from './20261130180000_live';
import * as m20261130200000 from './20261130200000_ballot_tally_index';
import * as m20261201090000 from './20261201090000_results';
import * as m20261202090000 from './20261202090000_rater_code_salts';

/**
 * Every migration by its timestamped name. A static list rather than a folder scan, so that the
 * bundled server carries its migrations with it.
 */
export const migrations: Record<string, Migration> = {
  '20261130120000_foundation': m20261130120000,
  '20261130140000_programme': m20261130140000,
  '20261130160000_courseware': m20261130160000,
  '20261130180000_live': m20261130180000,
  '20261130200000_ballot_tally_index': m20261130200000,
  '20261201090000_results': m20261201090000,
  '20261202090000_rater_code_salts': m20261202090000,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
