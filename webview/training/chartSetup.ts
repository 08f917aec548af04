/**
 * Chart.js for the training panel: only the parts we use are registered (esbuild drops the rest),
 * animation is off, and a plugin paints the editor background so an exported PNG is not
 * transparent. Each chart's canvas carries role="img" and an aria-label its owner keeps current.
 */
import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartDataset,
  type Plugin,
  type ScaleOptionsByType,
} from 'chart.js';
import type { ChartTheme } from './theme';

const background: Plugin = {
  id: 'gradlabBackground',
  beforeDraw(chart, _args, options: { color?: string }) {
    if (!options.color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

Chart.register(
  LineController,
  ScatterController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Tooltip,
  Decimation,
  background,
);

export { Chart };
export type Point = { x: number; y: number | null };
export type LineDataset = ChartDataset<'line', Point[]>;

/** Options shared by every chart: no animation, themed text and grid, x = a linear axis. */
export function baseOptions(theme: ChartTheme, xTitle: string, yTitle: string, yLog: boolean) {
  const axis = (title: string) => ({
    title: { display: true, text: title, color: theme.foreground },
    ticks: { color: theme.muted },
    grid: { color: theme.grid, lineWidth: theme.highContrast ? 1 : 0.5 },
    border: { color: theme.grid },
  });
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false as const,
    normalized: true,
    interaction: { mode: 'nearest' as const, intersect: false },
    scales: {
      x: { type: 'linear' as const, ...axis(xTitle) },
      y: {
        type: (yLog ? 'logarithmic' : 'linear') as 'linear',
        ...axis(yTitle),
      } as ScaleOptionsByType<'linear'>,
    },
    plugins: {
      // A series with no points (no validation split, no closed form, no best epoch) stays out of the legend.
      legend: {
        labels: {
          color: theme.foreground,
          font: { family: theme.font },
          filter: (
            item: { datasetIndex?: number },
            data: { datasets: Array<{ data: unknown[] }> },
          ) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0,
        },
      },
      tooltip: { enabled: true },
      decimation: { enabled: true, algorithm: 'lttb' as const, samples: 500, threshold: 1000 },
      gradlabBackground: { color: theme.background },
    },
  };
}

/** Apply a new theme to an existing chart and redraw without animation. */
export function retheme(chart: Chart, theme: ChartTheme, colors: (i: number) => string): void {
  const o = chart.options;
  for (const id of ['x', 'y'] as const) {
    const s = o.scales?.[id] as
      | {
          title?: { color?: string };
          ticks?: { color?: string };
          grid?: { color?: string };
          border?: { color?: string };
        }
      | undefined;
    if (!s) continue;
    if (s.title) s.title.color = theme.foreground;
    if (s.ticks) s.ticks.color = theme.muted;
    if (s.grid) s.grid.color = theme.grid;
    if (s.border) s.border.color = theme.grid;
  }
  const plugins = o.plugins as {
    legend?: { labels?: { color?: string } };
    gradlabBackground?: { color?: string };
  };
  if (plugins.legend?.labels) plugins.legend.labels.color = theme.foreground;
  if (plugins.gradlabBackground) plugins.gradlabBackground.color = theme.background;
  chart.data.datasets.forEach((d, i) => {
    const c = colors(i);
    (d as { borderColor?: string; backgroundColor?: string }).borderColor = c;
    (d as { borderColor?: string; backgroundColor?: string }).backgroundColor = c;
  });
  chart.update('none');
}
