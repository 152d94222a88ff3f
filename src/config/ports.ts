// Well-known ports the tiers and the traffic table share.
export const SSH_PORT = 22;
export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;
