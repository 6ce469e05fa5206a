import { sparkPoints } from './coaching';

/** A hand-drawn SVG line of session means on the 1–10 scale (no chart library). */
export function Sparkline({ values, width = 160, height = 44, label }: { values: readonly number[]; width?: number; height?: number; label: string }) {
  const pts = sparkPoints(values, width, height);
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={0} x2={width} y1={height / 2} y2={height / 2} stroke="#f0f0f0" />
      {pts.length > 1 && <polyline points={pts.map((p) => `${p.x},${p.y}`).join(' ')} fill="none" stroke="#b7282e" strokeWidth={2} />}
      {pts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: points are positional
        <circle key={i} cx={p.x} cy={p.y} r={3} fill="#b7282e" />
      ))}
    </svg>
  );
}
