import type { ReactNode } from 'react';

export function EmptyState(props: { title: string; body?: string; action?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={props.testId ?? 'empty-state'}>
      <h2>{props.title}</h2>
      {props.body ? <p>{props.body}</p> : null}
      {props.action}
    </div>
  );
}
