// Channels and events of this feature. Owned by the feature's issue; merged in contract.ts.
export const exportsChannels = {};
export const exportsEvents = {};
