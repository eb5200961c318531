import type { z } from 'zod';
import type { ChannelSpec } from './contract-kit';
import { complianceChannels, complianceEvents } from './compliance-contract';
import { exportsChannels, exportsEvents } from './exports-contract';
import { feedbackChannels, feedbackEvents } from './feedback-contract';
import { flagsChannels, flagsEvents } from './flags-contract';
import { metricsChannels, metricsEvents } from './metrics-contract';
import { officialChannels, officialEvents } from './official-contract';
import { reportsChannels, reportsEvents } from './reports-contract';
import { systemChannels, systemEvents } from './system-contract';
import { trsChannels, trsEvents } from './trs-contract';
import { updateChannels, updateEvents } from './update-contract';
import { diagnosticsChannels, diagnosticsEvents } from './diagnostics-contract';
import type { IpcResult } from '../errors';

/**
 * The one IPC contract. Every renderer→main call is a channel here; the preload, the HTTP test
 * host, the main-side dispatcher and the renderer's typed client are all derived from it, so
 * they cannot drift apart.
 */
export const contract = {
  ...systemChannels,
  ...reportsChannels,
  ...flagsChannels,
  ...officialChannels,
  ...trsChannels,
  ...complianceChannels,
  ...exportsChannels,
  ...metricsChannels,
  ...feedbackChannels,
  ...updateChannels,
  ...diagnosticsChannels,
};

export const contractEvents = {
  ...systemEvents,
  ...reportsEvents,
  ...flagsEvents,
  ...officialEvents,
  ...trsEvents,
  ...complianceEvents,
  ...exportsEvents,
  ...metricsEvents,
  ...feedbackEvents,
  ...updateEvents,
  ...diagnosticsEvents,
};

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type EventName = keyof typeof contractEvents;

type SpecOf<K extends ChannelName> = Contract[K] extends ChannelSpec<infer I, infer O> ? { input: I; output: O } : never;
/** What the renderer passes (before zod defaults are applied). */
export type ChannelInput<K extends ChannelName> = z.input<SpecOf<K>['input']>;
/** What main's handler receives (after zod parsing). */
export type ParsedInput<K extends ChannelName> = z.output<SpecOf<K>['input']>;
export type ChannelOutput<K extends ChannelName> = z.output<SpecOf<K>['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof contractEvents)[E]>;

export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];
export const EVENT_NAMES = Object.keys(contractEvents) as EventName[];

export function isChannelName(value: string): value is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, value);
}

type Namespace = ChannelName extends `${infer N}.${string}` ? N : never;
type MethodsOf<N extends string> = {
  [K in ChannelName as K extends `${N}.${infer M}` ? M : never]: undefined extends ChannelInput<K>
    ? (input?: ChannelInput<K>) => Promise<ChannelOutput<K>>
    : (input: ChannelInput<K>) => Promise<ChannelOutput<K>>;
};
type RawMethodsOf<N extends string> = {
  [K in ChannelName as K extends `${N}.${infer M}` ? M : never]: (input?: unknown) => Promise<IpcResult<ChannelOutput<K>>>;
};

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
export interface EventSubscriber {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

/** The typed client the renderer uses: `await qivo.reports.create({...})`, errors thrown as QivoError. */
export type QivoClient = { [N in Namespace]: MethodsOf<N> } & { events: EventSubscriber };
/** What the preload (or the HTTP bridge) puts on `window.qivoBridge`: the same named methods, returning IpcResult. */
export type QivoBridge = { [N in Namespace]: RawMethodsOf<N> } & {
  events: { on(event: string, listener: (payload: unknown) => void): () => void };
};
