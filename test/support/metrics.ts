/** Prometheus text from /metrics as series -> value, e.g. `chat_rate_limited_total{action="logIn"}`. */
export async function readMetrics(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  const series = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** How much each series moved between two readings (absent counts as 0). */
export function moved(before: Map<string, number>, after: Map<string, number>) {
  return (series: string) => (after.get(series) ?? 0) - (before.get(series) ?? 0);
}
