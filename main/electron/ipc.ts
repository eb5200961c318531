import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { QivoError } from '../../shared/errors';
import { CHANNEL_NAMES } from '../../shared/ipc/contract';
import type { Core } from '../core/core';
import { isTrustedSender } from './sender-check';

export const IPC_PREFIX = 'qivo:';
export const EVENT_CHANNEL = 'qivo:event';

/**
 * One `ipcMain.handle` per contract channel. The sending frame is checked first, then the core's
 * dispatcher validates the payload with zod, applies the feature flag and runs the handler.
 * Results are `{ok, value} | {ok:false, error}` because Electron keeps only `message` of a throw.
 */
export function registerIpcHandlers(getCore: () => Core): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(`${IPC_PREFIX}${channel}`, (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: new QivoError('ipc.forbiddenSender', 'Forbidden sender').toData() };
      }
      return getCore().dispatch(channel, input, { transport: 'electron' });
    });
  }
}
