global using KeneyApp.Domain;
