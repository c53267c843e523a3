import { Navigate, type RouteObject } from 'react-router-dom';
import { CallsList } from '../features/calls';
import { Layout, RequireAuth, UnauthorizedRedirect } from './Layout';
import { CallRoute } from './routes/CallRoute';
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
              { path: '/calls', element: <CallsList /> },
              { path: '/calls/:callSid', element: <CallRoute /> },
            ],
          },
          { path: '*', element: <Navigate to="/calls" replace /> },
        ],
      },
    ],
  },
];
