/**
 * The pipeline metrics charts, drawn in SVG and CSS: a funnel, grouped columns over time and
 * horizontal bars. Three small charts do not justify a chart library in the bundle.
 */
import { Group, Stack, Text, Tooltip } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';

const color = (name: string, shade = 6) => `var(--mantine-color-${name}-${shade})`;

export type FunnelStep = { label: string; value: number; note?: string };

/** Centred bars narrowing with the value: how many entered each stage over the period. */
export function FunnelChart({ steps, testId }: { steps: FunnelStep[]; testId?: string }) {
  const max = Math.max(1, ...steps.map((s) => s.value));
  return (
    <Stack gap={6} data-testid={testId}>
      {steps.map((step, i) => (
        <Group key={`${step.label}:${i}`} gap="sm" wrap="nowrap">
          <Text size="sm" w={170} truncate="end" title={step.label}>
            {step.label}
          </Text>
          <div style={{ flex: 1, display: 'flex', justifyContent: 'center' }}>
            <Tooltip
              label={`${step.label}: ${step.value.toLocaleString()}${step.note ? ` · ${step.note}` : ''}`}
            >
              <div
                role="img"
                aria-label={`${step.label}: ${step.value}`}
                style={{
                  width: step.value > 0 ? `${Math.max((step.value / max) * 100, 2)}%` : 0,
                  height: 26,
                  borderRadius: 4,
                  background: color('indigo', Math.max(3, 8 - i)),
                  transition: 'width 200ms',
                }}
              />
            </Tooltip>
          </div>
          <Stack gap={0} w={110} align="flex-end">
            <Text size="sm" fw={600}>
              {step.value.toLocaleString()}
            </Text>
            {step.note && (
              <Text size="xs" c="dimmed">
                {step.note}
              </Text>
            )}
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

export type Series = { key: string; label: string; color: string };
export type ColumnGroup = { label: string; values: Record<string, number> };

/** Grouped columns per period bucket (won and lost per day or week), with a y axis. */
export function ColumnChart({
  groups,
  series,
  format = (v) => v.toLocaleString(),
  testId,
}: {
  groups: ColumnGroup[];
  series: Series[];
  format?: (v: number) => string;
  testId?: string;
}) {
  // Drawn at the container's pixel width, so labels keep their size whatever the screen.
  const { ref, width: measured } = useElementSize();
  const width = Math.max(320, Math.round(measured) || 720);
  const height = 220;
  const left = 44;
  const bottom = 26;
  const top = 10;
  const plotW = width - left - 8;
  const plotH = height - bottom - top;
  const max = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key] ?? 0)));
  const ticks = niceTicks(max);
  const scaleMax = ticks[ticks.length - 1] ?? max;
  const slot = plotW / Math.max(1, groups.length);
  const barW = Math.max(2, Math.min(18, (slot * 0.8) / series.length));
  const labelEvery = Math.ceil(groups.length / Math.max(2, Math.floor(plotW / 70)));
  return (
    <Stack gap={6} data-testid={testId}>
      <div ref={ref} style={{ width: '100%' }} />
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-label="Won and lost over time"
      >
        {ticks.map((t) => {
          const y = top + plotH - (t / scaleMax) * plotH;
          return (
            <g key={t}>
              <line x1={left} x2={width - 8} y1={y} y2={y} stroke={color('gray', 2)} />
              <text x={left - 6} y={y + 4} textAnchor="end" fontSize={11} fill={color('gray', 6)}>
                {format(t)}
              </text>
            </g>
          );
        })}
        {groups.map((g, i) => {
          const x0 = left + i * slot + (slot - barW * series.length) / 2;
          return (
            <g key={`${g.label}:${i}`}>
              {series.map((s, j) => {
                const v = g.values[s.key] ?? 0;
                const h = (v / scaleMax) * plotH;
                return (
                  <rect
                    key={s.key}
                    x={x0 + j * barW}
                    y={top + plotH - h}
                    width={barW - 1}
                    height={h}
                    rx={2}
                    fill={s.color}
                  >
                    <title>{`${g.label} · ${s.label}: ${format(v)}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text
                  x={left + i * slot + slot / 2}
                  y={height - 8}
                  textAnchor="middle"
                  fontSize={11}
                  fill={color('gray', 6)}
                >
                  {g.label}
                </text>
              )}
            </g>
          );
        })}
        <line x1={left} x2={width - 8} y1={top + plotH} y2={top + plotH} stroke={color('gray', 4)} />
      </svg>
      <Group gap="md" justify="center">
        {series.map((s) => (
          <Group key={s.key} gap={6}>
            <div style={{ width: 10, height: 10, borderRadius: 2, background: s.color }} />
            <Text size="xs">{s.label}</Text>
          </Group>
        ))}
      </Group>
    </Stack>
  );
}

/** 0, and three or four round steps up to at least `max`; whole steps, as the chart counts things. */
function niceTicks(max: number): number[] {
  const raw = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step * 0.999; t += step) ticks.push(Math.round(t * 100) / 100);
  return ticks;
}

export type HBar = { label: string; value: number | null; color?: string };

/** Horizontal bars with formatted values (time in stage); null shows as "—". */
export function HBarChart({
  bars,
  format,
  testId,
}: {
  bars: HBar[];
  format: (v: number) => string;
  testId?: string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  return (
    <Stack gap={6} data-testid={testId}>
      {bars.map((bar, i) => (
        <Group key={`${bar.label}:${i}`} gap="sm" wrap="nowrap">
          <Text size="sm" w={170} truncate="end" title={bar.label}>
            {bar.label}
          </Text>
          <div
            style={{ flex: 1, height: 14, background: color('gray', 1), borderRadius: 4 }}
            role="img"
            aria-label={`${bar.label}: ${bar.value === null ? 'no data' : format(bar.value)}`}
          >
            <div
              style={{
                width: `${((bar.value ?? 0) / max) * 100}%`,
                minWidth: bar.value ? 3 : 0,
                height: '100%',
                borderRadius: 4,
                background: color(bar.color ?? 'teal', 5),
              }}
            />
          </div>
          <Text size="sm" w={110} ta="right" fw={500}>
            {bar.value === null ? '—' : format(bar.value)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
