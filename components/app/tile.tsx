/** How a figure stands against the same part of yesterday and the 7-day average. */
export interface TileComparison {
  text: string;
  /** Up, down or level against the 7-day average (an arrow; its meaning is in `text`). */
  trend: 'up' | 'down' | 'level';
}

/** A figure on a dashboard: label, value, a line of detail, a comparison, a tone for attention, a link to what is behind it. */
export function Tile({
  label,
  value,
  detail,
  tone,
  href,
  testId,
  compare,
}: {
  label: string;
  value: string;
  detail: string;
  tone?: 'into' | 'out' | 'warning' | 'critical' | 'good';
  href?: string;
  testId: string;
  compare?: TileComparison;
}) {
  const body = (
    <>
      <span className="tile-label">{label}</span>
      <span className="tile-value-row">
        <strong className="tile-value" data-testid={`${testId}-value`}>
          {value}
        </strong>
        {compare && (
          <span className={`tile-trend ${compare.trend}`} aria-hidden="true">
            {compare.trend === 'up' ? '▲' : compare.trend === 'down' ? '▼' : '●'}
          </span>
        )}
      </span>
      <span className="tile-detail">{detail}</span>
      {compare && (
        <span className="tile-compare" data-testid={`${testId}-compare`}>
          {compare.text}
        </span>
      )}
    </>
  );
  return (
    <div className={`tile${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      {href ? <a href={href}>{body}</a> : body}
    </div>
  );
}
