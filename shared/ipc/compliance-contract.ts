// Channels and events of this feature. Owned by the feature's issue; merged in contract.ts.
export const complianceChannels = {};
export const complianceEvents = {};
