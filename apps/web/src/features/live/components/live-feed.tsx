import type { FeedEntry } from '../live-store';
import { formatTime } from '../../../shared/format';

/** The most recent events, newest first, announced politely to screen readers. */
export function LiveFeed({ feed, timeZone }: { feed: FeedEntry[]; timeZone?: string }) {
  return (
    <section className="card live-feed" aria-labelledby="live-feed-title">
      <div className="section-head">
        <h2 id="live-feed-title">Live feed</h2>
      </div>
      <ol role="log" aria-live="polite" aria-relevant="additions" aria-label="Live feed" className="feed-list">
        {feed.length === 0 ? <li className="muted small">Nothing yet — events appear here as they happen.</li> : null}
        {feed.map((entry) => (
          <li key={entry.seq} className={entry.tone === 'match' ? 'feed-item feed-match' : 'feed-item'} data-seq={entry.seq}>
            <time dateTime={entry.at} className="feed-time">
              {formatTime(entry.at, timeZone)}
            </time>{' '}
            <span className="feed-text">{entry.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
