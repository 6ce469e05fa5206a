import type { Person } from '@lecture-hall/shared';
import type { Gender, PoliticalStatus, RankLevel } from '@lecture-hall/shared/domain/org';
import type { QueryValue } from '../../api/client';
import { normalisePhone } from '../../lib/format';

export interface RosterFilters {
  q?: string;
  unitId?: string;
  includeSubunits: boolean;
  gender?: Gender;
  rankLevel?: RankLevel;
  politicalStatus?: PoliticalStatus;
  maxAge?: number | null;
}

export const EMPTY_FILTERS: RosterFilters = { includeSubunits: true };

/** The query of GET /api/people and of the export, which takes the same filters without paging. */
export function rosterQuery(filters: RosterFilters, paging?: { page: number; pageSize: number }): Record<string, QueryValue> {
  return {
    ...(paging ? { page: paging.page, pageSize: paging.pageSize } : {}),
    q: filters.q?.trim() || undefined,
    unitId: filters.unitId,
    // Sub-units only mean something with a unit chosen; the server defaults to true.
    includeSubunits: filters.unitId ? filters.includeSubunits : undefined,
    gender: filters.gender,
    rankLevel: filters.rankLevel,
    politicalStatus: filters.politicalStatus,
    maxAge: filters.maxAge ?? undefined,
  };
}

/** What the person form holds; dates are YYYY-MM-DD strings by the time they get here. */
export interface PersonFormValues {
  name: string;
  gender: Gender;
  birthDate: string;
  unitId: string;
  position?: string;
  rankLevel: RankLevel;
  politicalStatus: PoliticalStatus;
  phone?: string;
  entryDate?: string | null;
}

/**
 * The body to send for the form. A masked phone is never sent back: left empty it stays as it
 * is on the server; a full number that the user cleared becomes null.
 */
export function personBody(values: PersonFormValues, original?: Pick<Person, 'phoneMasked'> | null): Record<string, unknown> {
  const phoneText = values.phone ? normalisePhone(values.phone) : '';
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    gender: values.gender,
    birthDate: values.birthDate,
    unitId: values.unitId,
    position: (values.position ?? '').trim(),
    rankLevel: values.rankLevel,
    politicalStatus: values.politicalStatus,
    entryDate: values.entryDate || null,
  };
  if (phoneText) body.phone = phoneText;
  else if (!original?.phoneMasked) body.phone = null;
  return body;
}
