// The dashboard's CSS: a dark, dense layout for an operator's second screen.
export const DASHBOARD_STYLE = `
:root { color-scheme: dark; --bg:#111418; --card:#1a1f26; --line:#2a313b; --text:#d8dee6; --muted:#8a96a5;
  --ok:#3fb950; --bad:#f85149; --warn:#d29922; --info:#58a6ff; --drain:#a371f7; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
header { display:flex; gap:16px; align-items:baseline; padding:12px 20px; border-bottom:1px solid var(--line); }
h1 { font-size:18px; margin:0; }
h2 { font-size:14px; margin:0 0 8px; font-weight:600; }
main { display:grid; grid-template-columns:1fr 1fr; gap:12px; padding:12px 20px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:6px; padding:12px; min-width:0; }
.wide { grid-column:1 / span 2; }
.muted { color:var(--muted); font-weight:normal; }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:500; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; color:#0d1117; }
.s-healthy { background:var(--ok); } .s-unhealthy { background:var(--bad); } .s-ejected { background:var(--warn); }
.s-initial { background:var(--info); } .s-draining { background:var(--drain); }
button { background:#21262d; color:var(--text); border:1px solid var(--line); border-radius:4px; padding:2px 10px; cursor:pointer; }
button:hover { border-color:var(--bad); }
.list { max-height:340px; overflow:auto; }
.item { border-bottom:1px solid var(--line); padding:6px 0; }
.cause { font-family:ui-monospace, monospace; color:var(--bad); font-weight:600; }
.mono, pre { font-family:ui-monospace, "DejaVu Sans Mono", monospace; font-size:12px; }
pre { white-space:pre-wrap; word-break:break-all; background:#0d1117; padding:6px; border-radius:4px; margin:4px 0; }
.legend { display:flex; flex-wrap:wrap; gap:12px; margin-top:6px; font-size:12px; }
.legend span::before { content:""; display:inline-block; width:10px; height:10px; margin-right:4px; background:var(--c); vertical-align:middle; }
svg { width:100%; height:220px; display:block; background:#0d1117; border-radius:4px; }
.fix { color:var(--ok); }
.pool-title { margin:8px 0 4px; }
`;
