import { Alert } from 'antd';
import type { ReactNode } from 'react';

/** A list of reasons (eligibility, a refused transition) in one Alert; nothing when there are none. */
export function ReasonsAlert({
  title,
  reasons,
  type = 'error',
  testId,
  action,
}: {
  title: ReactNode;
  reasons: readonly string[];
  type?: 'error' | 'warning' | 'info';
  testId?: string;
  action?: ReactNode;
}) {
  if (reasons.length === 0) return null;
  return (
    <div data-testid={testId}>
      <Alert
        type={type}
        showIcon
        title={title}
        action={action}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        }
      />
    </div>
  );
}
