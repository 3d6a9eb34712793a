import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OperationRecordsModule } from '../operations/operation-records.module';
import { AccessService } from './access.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthRepository } from './auth.repository';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { DataSource } from 'typeorm';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { MembershipsService } from './memberships.service';
import { TokensService } from './tokens.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Global()
@Module({
  imports: [
    OperationRecordsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A key object, not the string: given a string, jsonwebtoken first tries (and fails) to
      // parse it as a public key on every verify, which cost ~0.7 ms of CPU per request.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) }),
    }),
  ],
  controllers: [AuthController, UsersController, ApiKeysController],
  providers: [
    AuthRepository,
    ApiKeysRepository,
    ApiKeysService,
    AccessService,
    MembershipsService,
    AuthService,
    TokensService,
    UsersService,
    // One throttle per app: it counts the rows it added, to prune the table now and then.
    { provide: LoginThrottle, inject: [DataSource, APP_CONFIG], useFactory: (ds: DataSource, config: AppConfig) => new LoginThrottle(ds, config.jwtSecret) },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessService, MembershipsService, TokensService, UsersService],
})
export class AuthModule {}
