/** The few line icons the dashboard needs, inline so no icon package ships with the bundle. */
type IconProps = { size?: number; stroke?: number };

const svg = (size: number, stroke: number) => ({
  width: size,
  height: size,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: stroke,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
});

export function SearchIcon({ size = 16, stroke = 2 }: IconProps) {
  return (
    <svg {...svg(size, stroke)}>
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

export function ChevronDownIcon({ size = 16, stroke = 2 }: IconProps) {
  return (
    <svg {...svg(size, stroke)}>
      <path d="m6 9 6 6 6-6" />
    </svg>
  );
}
