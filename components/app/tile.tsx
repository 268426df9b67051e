/** A figure on a dashboard: label, value, a line of detail, a tone for attention, a link to the details. */
export function Tile({ label, value, detail, tone, href, testId }: { label: string; value: string; detail: string; tone?: 'into' | 'out' | 'warning' | 'critical' | 'good'; href?: string; testId: string }) {
  const body = (
    <>
      <span className="tile-label">{label}</span>
      <strong className="tile-value" data-testid={`${testId}-value`}>
        {value}
      </strong>
      <span className="tile-detail">{detail}</span>
    </>
  );
  return (
    <div className={`tile${tone ? ` ${tone}` : ''}`} data-testid={testId}>
      {href ? <a href={href}>{body}</a> : body}
    </div>
  );
}
