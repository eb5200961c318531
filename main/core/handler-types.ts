import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';

/** Who is calling: the Electron window, the browser test host, or the CLI (which calls services directly). */
export interface RequestContext {
  transport: 'electron' | 'http-host' | 'in-process';
}

export type Handler<K extends ChannelName> = (input: ParsedInput<K>, ctx: RequestContext) => ChannelOutput<K> | Promise<ChannelOutput<K>>;

export type HandlerMap = { [K in ChannelName]: Handler<K> };
