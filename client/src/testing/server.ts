import { setupServer } from 'msw/node';

/** The MSW server for every test: each test adds its own handlers; any request without one fails the test. */
export const server = setupServer();
