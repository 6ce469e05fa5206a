import { type AggregationRule, AggregationRuleSchema, type Rubric, RubricSchema } from '@lecture-hall/shared';

/*
 * Rubrics and aggregation rules are stored as JSON text (rubric_json, aggregation_json,
 * default_rubric_json) so that both dialects read them back identically.
 */

/** What is wrong with a rubric, in Chinese; empty when it is valid. */
export function rubricIssues(rubric: unknown): string[] {
  const parsed = RubricSchema.safeParse(rubric);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

export function rubricToJson(rubric: Rubric): string {
  return JSON.stringify(rubric);
}

/** A stored rubric as written. It was validated on the way in; the lifecycle re-checks it before recruiting. */
export function rubricFromJson(text: string): Rubric {
  return JSON.parse(text) as Rubric;
}

export function aggregationToJson(rule: AggregationRule): string {
  return JSON.stringify(rule);
}

export function aggregationFromJson(text: string): AggregationRule {
  return AggregationRuleSchema.parse(JSON.parse(text));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Whether two JSON values are equal whatever the order of their keys (a form may resend an unchanged rubric). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
