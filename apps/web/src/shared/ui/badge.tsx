import type { HTMLAttributes } from 'react';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  /** Picks the colour: "live", "closed", "in_progress", "confirmed"... */
  tone?: string;
}

export function Badge({ tone, className, children, ...rest }: BadgeProps) {
  return (
    <span {...rest} className={['badge', tone ? `badge-${tone}` : '', className ?? ''].filter(Boolean).join(' ')}>
      {children}
    </span>
  );
}
