export { AudioPlayer, type AudioPlayerHandle, type AudioPlayerProps } from './components/AudioPlayer';
