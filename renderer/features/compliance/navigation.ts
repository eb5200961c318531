import { useRouter } from '../../app/router';
import { useTrsStore } from '../trs/trs-store';

/**
 * Where a finding's JSON path lives in the report editor. Pane ids are the editor's own
 * (ReportEditorView: 'metadata', 'qps', 'property', 'brazil', `section:N`, 'mineralResources', …).
 */
export function paneForPath(path: string): { pane: string; section?: number } {
  const [head = '', second] = path.split('.');
  switch (head) {
    case 'sections': {
      const n = Number(second);
      return Number.isInteger(n) && n >= 0 && n < 25 ? { pane: `section:${n + 1}`, section: n + 1 } : { pane: 'section:1', section: 1 };
    }
    case 'metadata':
      return { pane: 'metadata' };
    case 'qualifiedPersons':
    case 'signingFirm':
      return { pane: 'qps' };
    case 'property':
      return { pane: 'property' };
    case 'brazil':
      return { pane: 'brazil' };
    case 'mineralResources':
      return { pane: 'mineralResources' };
    case 'mineralReserves':
    case 'priorYearComparison':
      return { pane: 'mineralReserves' };
    case 'capitalCosts':
    case 'operatingCosts':
      return { pane: 'costs' };
    case 'economicAnalysis':
      return { pane: 'economics' };
    case 'references':
    case 'figures':
      return { pane: 'references' };
    default:
      return { pane: 'metadata' };
  }
}

/** Candidate selectors for a finding's field, most specific first. */
export function fieldSelectors(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [];
  // Fields the editor tags with their JSON path (any prefix of the finding's path).
  for (let n = parts.length; n >= 1; n--) out.push(`[data-krci-path="${parts.slice(0, n).join('.')}"]`);
  if (parts[0] === 'sections') {
    out.unshift(parts[2] === 'notApplicableReason' ? '[data-testid="trs-section-reason"]' : '[data-testid="trs-section-body"]');
    out.push('[data-testid="trs-section-reason"]', '[data-testid="trs-section-status"]');
  }
  return out;
}

/** Focuses the field once the pane has rendered (tries for about two seconds, then gives up quietly). */
export function focusField(path: string, attempts = 40): void {
  for (const selector of fieldSelectors(path)) {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) {
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
      return;
    }
  }
  if (attempts > 0) window.setTimeout(() => focusField(path, attempts - 1), 50);
}

/**
 * Opens the editor of `reportId` on the pane holding `path`: section panes through the route
 * (`#/reports/:id?section=N`, which the editor reads), the others through the editor's store.
 */
export function jumpToFinding(reportId: string, path: string): void {
  const { pane, section } = paneForPath(path);
  useTrsStore.getState().setActivePane(pane);
  useRouter.getState().navigate(section !== undefined ? { name: 'report', id: reportId, section: String(section) } : { name: 'report', id: reportId });
  // After the pane switch has rendered, not before (the old pane's field is still in the DOM now).
  window.setTimeout(() => focusField(path), 0);
}
