// Every command shown on the manual pages of killAllSessions, killAllSessionsByPattern,
// killSessions, endSessions, refreshSessions, startSession, $listSessions and
// $listLocalSessions, as written there (access control off, so no privilege is needed).

// startSession
db.runCommand( { startSession: 1 } )

// killAllSessions
db.runCommand( { killAllSessions: [ ] } )
db.runCommand( { killAllSessions: [
   { user: "appReader", db: "db1" },
   { user: "reportWriter", db: "db2" }
] } )

// killAllSessionsByPattern
db.runCommand( { killAllSessionsByPattern: [ ] } )
db.runCommand( { killAllSessionsByPattern: [
   { users: [ { user: "appReader", db: "db1" }, { user: "reportWriter", db: "db2" } ] }
] } )
db.runCommand( { killAllSessionsByPattern: [
   { roles: [
      { role: "appWriter", db: "db1" },
      { role: "appReader", db: "db1" }
   ] }
] } )

// killSessions
db.runCommand( { killSessions: [ { id: UUID("f9b3d8d9-9496-4fff-868f-04a6196fc58a") } ] } )

// endSessions and refreshSessions
db.runCommand( { endSessions: [ { id : UUID("bdb0b7f5-5c03-4ac4-a1d0-6ac5b1f1a8f3") } ] } )
db.runCommand( { refreshSessions: [ { id : UUID("bdb0b7f5-5c03-4ac4-a1d0-6ac5b1f1a8f3") } ] } )

// $listLocalSessions
use admin
db.aggregate( [  { $listLocalSessions: { allUsers: true } } ] )
db.aggregate( [ { $listLocalSessions: { users: [ { user: "myAppReader", db: "test" } ] } } ] )
db.aggregate( [ { $listLocalSessions: { } } ] )

// $listSessions (the sessions collection fills at the cache refresh)
lab.refresh()
use config
db.system.sessions.aggregate( [  { $listSessions: { allUsers: true } } ] )
db.system.sessions.aggregate( [ { $listSessions: { users: [ {user: "myAppReader", db: "test" } ] } } ] )
db.system.sessions.aggregate( [ { $listSessions: { } } ] )
