import { buildClient } from '../../shared/ipc/bridge-builder';
import type { QivoBridge, QivoClient } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Put there by the Electron preload or by the browser host's bridge script. */
    qivoBridge?: QivoBridge;
  }
}

function bridge(): QivoBridge {
  if (!window.qivoBridge) {
    throw new Error('The workstation bridge is missing: open the app through Electron or the browser host (npm run host).');
  }
  return window.qivoBridge;
}

/** The typed client of the one IPC contract: `await qivo.reports.list()`; failures throw QivoError. */
export const qivo: QivoClient = buildClient(bridge());
