// The dashboard (issue 5 §5): one self-contained page served at / of the admin listener — inline
// CSS, inline JS and an SVG chart, no build step, no external request. It polls /api/dashboard every
// second. Everything from the gateway is inserted with textContent (never innerHTML): target URLs,
// paths and recorded heads are data, not markup.
import { DASHBOARD_SCRIPT } from './script.ts';
import { DASHBOARD_STYLE } from './style.ts';

export function dashboardPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gatewise</title>
<link rel="icon" href="data:,">
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header><h1>Gatewise</h1><span id="status" class="muted">connecting…</span><span id="totals" class="muted"></span></header>
<main>
<section class="card wide"><h2>Requests and gateway-made errors per second <span class="muted">(last 5 minutes)</span></h2>
<svg id="chart" viewBox="0 0 900 220" preserveAspectRatio="none" role="img" aria-label="requests and errors per second"></svg>
<div id="legend" class="legend"></div></section>
<section class="card wide"><h2>Pools and targets</h2><div id="pools"></div></section>
<section class="card"><h2>Recent gateway-made errors</h2><div id="errors" class="list"></div></section>
<section class="card"><h2>Events</h2><div id="events" class="list"></div></section>
<section class="card wide"><h2>Flight recorder <span class="muted">(malformed response heads, values redacted)</span></h2><div id="recordings" class="list"></div></section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}
