import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { apiKeySchema, createApiKeyRequestSchema, createdApiKeySchema, listOf, type ApiKey, type CreateApiKeyRequest, type CreatedApiKey } from '@actionday/contracts';
import { validId } from '../common/id-param';
import { contract, Fails, Returns, ReturnsNothing } from '../openapi/api-doc.decorators';
import { ApiKeysService } from './api-keys.service';
import { Access, type AuthUser, CurrentUser, type OperationAccess, RequireRole } from './auth.decorators';

/** API keys of automated tools, made and revoked by the operation's coordinators and organizers. */
@Controller('operations/:id/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @RequireRole('coordinator')
  @Returns(createdApiKeySchema, 201, 'Created: `secret` is shown this once (only its SHA-256 is kept). The key acts as an officer of `teamId` in this operation.')
  @Fails(409, 'The operation is closed.')
  create(
    @Param('id') _id: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
    @Body(contract(createApiKeyRequestSchema)) body: CreateApiKeyRequest,
  ): Promise<CreatedApiKey> {
    return this.apiKeys.create(user, access, body);
  }

  @Get()
  @RequireRole('coordinator')
  @Returns(listOf(apiKeySchema), 200, 'The operation\'s keys, newest first, revoked and expired ones too; never a secret or its hash.')
  list(@Param('id') _id: string, @Access() access: OperationAccess): Promise<{ items: ApiKey[] }> {
    return this.apiKeys.list(access);
  }

  @Delete(':keyId')
  @RequireRole('coordinator')
  @HttpCode(204)
  @ReturnsNothing('Revoked: its next request answers 401. Revoking a revoked key changes nothing.')
  revoke(
    @Param('id') _id: string,
    @Param('keyId', validId('API key')) keyId: string,
    @CurrentUser() user: AuthUser,
    @Access() access: OperationAccess,
  ): Promise<void> {
    return this.apiKeys.revoke(user, access, keyId);
  }
}
