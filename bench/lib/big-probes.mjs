// In-page probes for the 100,000-span trace metrics (app-big.mjs). Each function here is passed
// to page.evaluate, so it must be self-contained (no imports, no outer variables). Every probe
// watches the page with a requestAnimationFrame loop (one cheap check per frame) and ends at the
// rAF after the frame that first shows the awaited state, i.e. once that frame is painted.

/** Gantt rows: `role=row` inside the timeline's treegrid (or an element labelled "Gantt…"). */
export const GANTT_ROWS = '[role="treegrid"] [role="row"], [aria-label^="Gantt"] [role="row"]';
export const VERDICT = '[aria-label="Bottleneck verdict"]';
/** The other trace views of issue 13, found by their visible (accessible) names. */
export const VIEW_NAMES = ['Trace graph', 'Statistics', 'Spans table', 'Flame graph'];

/** Clicks the trace entry; resolves when the timeline's rows are painted (and the verdict shown). */
export function openTraceInPage({ entry, rows, verdict, timeout }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    entry.click();
    let rowsMs = null;
    let paintedMs = null;
    let verdictMs = null;
    const frame = () => {
      const now = performance.now() - t0;
      if (rowsMs !== null && paintedMs === null) paintedMs = now;
      if (rowsMs === null && document.querySelector(rows)) rowsMs = now;
      if (verdictMs === null && document.querySelector(verdict)) verdictMs = now;
      const grid = document.querySelector('[role="treegrid"]');
      const done = paintedMs !== null && (verdictMs !== null || now > paintedMs + 5_000);
      if (done || now > timeout) {
        resolve({ rowsMs, paintedMs, verdictMs, rowCount: grid ? Number(grid.getAttribute('aria-rowcount')) : null });
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/**
 * Scrolls the timeline for `durationMs` at `pxPerSecond` (set per frame from the elapsed time,
 * like a steady wheel), recording requestAnimationFrame deltas. The scroller is the treegrid if
 * it scrolls (overflow auto/scroll with more content than room), else its nearest such ancestor,
 * else the document.
 */
export function scrollTimelineInPage({ durationMs, pxPerSecond }) {
  const grid = document.querySelector('[role="treegrid"]') ?? document.querySelector('[aria-label^="Gantt"]');
  if (!grid) return Promise.resolve({ error: 'no timeline (treegrid) on the page' });
  const scrolls = (el) => /(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1;
  let scroller = grid;
  while (scroller && !scrolls(scroller)) scroller = scroller.parentElement;
  scroller ??= document.scrollingElement;
  const firstRow = () => grid.querySelector('[role="row"]')?.getAttribute('aria-rowindex') ?? null;
  const rowsBefore = firstRow();
  const deltas = [];
  return new Promise((resolve) => {
    const start = performance.now();
    let last = start;
    const top0 = scroller.scrollTop;
    const frame = (now) => {
      deltas.push(now - last);
      last = now;
      if (now - start >= durationMs) {
        const result = {
          deltas,
          scrolledPx: scroller.scrollTop - top0,
          firstRowBefore: rowsBefore,
          firstRowAfter: firstRow(),
          scroller: scroller === grid ? 'treegrid' : scroller === document.scrollingElement ? 'document' : scroller.className || scroller.tagName,
        };
        scroller.scrollTop = top0;
        resolve(result);
        return;
      }
      scroller.scrollTop = top0 + ((now - start) / 1000) * pxPerSecond;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(frame);
    });
  });
}

/**
 * Clicks the view's tab and resolves when it has landed: the tab is selected (aria-selected or
 * aria-current when it says so), its panel (aria-controls, or a tabpanel labelled by the tab) is
 * shown, has content and is not `aria-busy`, then painted. Without an identifiable panel, the
 * first frame after the click in which the page changed counts, and `panel` says so.
 */
export function openViewInPage({ tab, timeout }) {
  return new Promise((resolve) => {
    let changed = false;
    const observer = new MutationObserver(() => {
      changed = true;
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    const panelOf = () =>
      (tab.getAttribute('aria-controls') && document.getElementById(tab.getAttribute('aria-controls'))) ||
      (tab.id && document.querySelector(`[role=tabpanel][aria-labelledby~="${tab.id}"]`)) ||
      null;
    const selected = () => {
      const sel = tab.getAttribute('aria-selected') ?? tab.getAttribute('aria-pressed') ?? tab.getAttribute('aria-current');
      return sel === null || (sel !== 'false');
    };
    const landed = () => {
      const panel = panelOf();
      if (!panel) return changed && selected() ? 'no panel found: first change after the click' : null;
      const shown = !panel.hidden && panel.getClientRects().length > 0;
      const busy = panel.getAttribute('aria-busy') === 'true' || panel.querySelector('[aria-busy="true"]');
      const content = panel.childElementCount > 0 && (panel.textContent.trim() !== '' || panel.querySelector('svg, canvas'));
      return selected() && shown && !busy && content ? 'tab panel' : null;
    };
    const t0 = performance.now();
    tab.click();
    const frame = () => {
      const how = landed();
      const now = performance.now() - t0;
      if (how) {
        requestAnimationFrame(() => {
          observer.disconnect();
          resolve({ landedMs: now, paintedMs: performance.now() - t0, panel: how });
        });
      } else if (now > timeout) {
        observer.disconnect();
        resolve({ timedOut: true });
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}
