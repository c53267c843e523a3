import { useNavigate, useSearchParams } from 'react-router-dom';
import { LoginForm } from '../../features/auth';

export function LoginRoute() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  // Only same-site paths: never an absolute URL from the query string.
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/calls';
  return <LoginForm onSignedIn={() => navigate(target, { replace: true })} ssoError={params.get('error')} />;
}
