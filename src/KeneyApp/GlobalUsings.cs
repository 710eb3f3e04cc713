// The data model (Domain/) is what every part of the app works on: features, the platform and the demo alike.
global using KeneyApp.Domain;
