import { Navigate, type RouteObject } from 'react-router-dom';
import { AuditPage, SettingsPage } from '../features/manage';
import { canManage, canReadAccounts } from '../lib/roles';
import { Layout, RequireAuth, UnauthorizedRedirect } from './Layout';
import { RequireRole } from './RequireRole';
import { CallRoute } from './routes/CallRoute';
import { CallsRoute } from './routes/CallsRoute';
import { LoginRoute } from './routes/LoginRoute';
import { AccountsRoute, TeamsRoute } from './routes/ManageRoutes';

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
                  { path: '/manage/agents', element: <AccountsRoute /> },
                  { path: '/manage/teams', element: <TeamsRoute /> },
                ],
              },
              {
                element: <RequireRole allow={canManage} />,
                children: [
                  { path: '/manage/settings', element: <SettingsPage /> },
                  { path: '/manage/audit', element: <AuditPage /> },
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
