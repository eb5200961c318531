import { create } from 'zustand';

/** Hash routes: they work identically under app:// in Electron and on the browser host. */
export type Route =
  | { name: 'reports' }
  | { name: 'report'; id: string; section?: string }
  | { name: 'official' }
  | { name: 'compliance'; reportId?: string }
  | { name: 'metrics' }
  | { name: 'settings' }
  | { name: 'features' };

export function parseHash(hash: string): Route {
  const [pathPart = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'reports':
      if (parts[1]) {
        const route: Route = { name: 'report', id: parts[1] };
        const section = params.get('section');
        if (section) route.section = section;
        return route;
      }
      return { name: 'reports' };
    case 'official':
      return { name: 'official' };
    case 'compliance': {
      const reportId = parts[1];
      return reportId ? { name: 'compliance', reportId } : { name: 'compliance' };
    }
    case 'metrics':
      return { name: 'metrics' };
    case 'settings':
      return parts[1] === 'features' ? { name: 'features' } : { name: 'settings' };
    default:
      return { name: 'reports' };
  }
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'report':
      return `#/reports/${encodeURIComponent(route.id)}${route.section ? `?section=${encodeURIComponent(route.section)}` : ''}`;
    case 'compliance':
      return route.reportId ? `#/compliance/${encodeURIComponent(route.reportId)}` : '#/compliance';
    case 'features':
      return '#/settings/features';
    default:
      return `#/${route.name}`;
  }
}

interface RouterState {
  route: Route;
  navigate(route: Route): void;
}

export const useRouter = create<RouterState>((set) => ({
  route: parseHash(window.location.hash),
  navigate(route) {
    const hash = routeToHash(route);
    if (window.location.hash !== hash) window.location.hash = hash;
    set({ route });
  },
}));

window.addEventListener('hashchange', () => useRouter.setState({ route: parseHash(window.location.hash) }));
