import { Navigate, type RouteObject } from 'react-router-dom';
import { canManage, canReadAccounts } from '../lib/roles';
import { Layout, RequireAuth, UnauthorizedRedirect } from './Layout';
import { RequireRole } from './RequireRole';
import { CallRoute } from './routes/CallRoute';
import { CallsRoute } from './routes/CallsRoute';
import { AccountsRoute, AuditRoute, Lazy, SettingsRoute, TeamsRoute } from './routes/lazy-manage';
import { LoginRoute } from './routes/LoginRoute';

export const appRoutes: RouteObject[] = [
  {
    element: <UnauthorizedRedirect />,
    children: [
      {
        element: <Layout />,
        children: [
          { path: '/login', element: <LoginRoute /> },
          {
            element: <RequireAuth />,
            children: [
              { path: '/calls', element: <CallsRoute /> },
              { path: '/calls/:callSid', element: <CallRoute /> },
              {
                // A supervisor reads the accounts and teams; an admin changes them.
                element: <RequireRole allow={canReadAccounts} />,
                children: [
                  { path: '/manage/agents', element: <Lazy screen={AccountsRoute} /> },
                  { path: '/manage/teams', element: <Lazy screen={TeamsRoute} /> },
                ],
              },
              {
                element: <RequireRole allow={canManage} />,
                children: [
                  { path: '/manage/settings', element: <Lazy screen={SettingsRoute} /> },
                  { path: '/manage/audit', element: <Lazy screen={AuditRoute} /> },
                ],
              },
              { path: '/manage', element: <Navigate to="/manage/agents" replace /> },
            ],
          },
          { path: '*', element: <Navigate to="/calls" replace /> },
        ],
      },
    ],
  },
];
