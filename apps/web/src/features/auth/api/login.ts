import { useMutation } from '@tanstack/react-query';
import { apiPaths, type LoginRequest, type LoginResponse } from '@actionday/contracts';
import { authRequest } from '../../../shared/api-client';
import { startSession } from '../../../shared/session';

export function login(body: LoginRequest): Promise<LoginResponse> {
  return authRequest<LoginResponse>(apiPaths.login, body);
}

export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => startSession(response),
  });
}
