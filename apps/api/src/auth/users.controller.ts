import { Body, Controller, ForbiddenException, Logger, Param, Patch } from '@nestjs/common';
import { updateUserRequestSchema, userSchema, type UpdateUserRequest, type User } from '@actionday/contracts';
import { notFound } from '../common/errors';
import { validId } from '../common/id-param';
import { CallableBy, contract, Returns } from '../openapi/api-doc.decorators';
import { type AuthUser, CurrentUser } from './auth.decorators';
import { TokensService } from './tokens.service';
import { toUserDto, UsersService } from './users.service';

/** Account administration: platform administrators only. */
@Controller('users')
export class UsersController {
  private readonly logger = new Logger('accounts');

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  @Patch(':userId')
  @CallableBy({ admin: true })
  @Returns(userSchema)
  async update(
    @CurrentUser() user: AuthUser,
    @Param('userId', validId('account')) userId: string,
    @Body(contract(updateUserRequestSchema)) body: UpdateUserRequest,
  ): Promise<User> {
    const actor = await this.users.findById(user.id);
    if (!actor?.isAdmin) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'only an administrator can change accounts' });
    if (userId === user.id && body.disabled) throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'an administrator cannot disable their own account' });
    const updated = await this.users.setDisabled(userId, body.disabled);
    if (!updated) throw notFound('account');
    // Disabled: every session ends now, on every connection (REST checks it per request).
    if (body.disabled) await this.tokens.revokeAllOf(userId);
    this.logger.log(`${body.disabled ? 'disabled' : 'enabled'} account ${userId} (by ${user.id})`);
    return toUserDto(updated);
  }
}
