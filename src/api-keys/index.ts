// Public surface of the API keys domain for other domains.
export { API_KEY_PREFIX, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key-token.ts'
export { API_KEY_ROLES, createApiKeySchema } from './api-keys.schema.ts'
export { createApiKey, listApiKeys, reissueApiKey, revokeApiKey } from './api-keys.service.ts'
export type {
  ApiKeyPrincipal,
  ApiKeyRole,
  ApiKeyView,
  CreatedApiKey,
  KeyStanding,
} from './api-keys.types.ts'
export { keyStanding } from './key-standing.ts'
export { authenticateApiKey } from './authenticate-api-key.ts'
export { apiKeySession } from './api-key-session.ts'
